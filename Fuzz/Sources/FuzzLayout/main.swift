import FuzzDriver

runFuzzer(fuzzLayout)
