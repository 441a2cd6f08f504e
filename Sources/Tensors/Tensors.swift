// The Tensors module.
