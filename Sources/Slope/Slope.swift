// The umbrella module: `import Slope` brings every library module.
@_exported import Rules
@_exported import AutoDiff
@_exported import Symbolic
@_exported import Tensors
@_exported import Optimizers
@_exported import Learning
@_exported import Plots
@_exported import GradBench
