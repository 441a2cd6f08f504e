// The Optimizers module.
