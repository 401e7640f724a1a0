// Each test starts an in-process cluster of several silos: one at a time on a small machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
