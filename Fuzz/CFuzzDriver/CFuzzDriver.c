// The declaration is all: LLVMFuzzerRunDriver is defined by libFuzzer.
