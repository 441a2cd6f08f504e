// The Learning module.
