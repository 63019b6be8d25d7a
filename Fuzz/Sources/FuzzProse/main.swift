import FuzzDriver

runFuzzer(fuzzProse)
