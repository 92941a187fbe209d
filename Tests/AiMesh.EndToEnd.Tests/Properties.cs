// Each test starts the whole application (eleven services and three servers); two at once would
// only fight over this machine's two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
