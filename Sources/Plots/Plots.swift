// The Plots module.
