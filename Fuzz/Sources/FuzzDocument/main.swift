import FuzzDriver

runFuzzer(fuzzDocument)
