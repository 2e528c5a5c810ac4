// The second run of the tensor tests: core reads this when it loads, and uses the reference kernels.
process.env.CHALKGRAD_KERNELS = 'js';
