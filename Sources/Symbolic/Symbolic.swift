// The Symbolic module.
