// One fault at a time: each test takes whole processes down and measures recovery with bounded waits, and on two cores
// a second test's API processes and PostgreSQL would compete for the same CPU and blur what is being measured.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
