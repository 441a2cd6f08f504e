// The GradBench module.
