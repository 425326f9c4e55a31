/// Counts jobs in flight so that the agent receives only as many messages as it can start at once: a message
/// received but waiting for a slot would sit hidden from every other host until its visibility ran out.
actor JobSlots {
    private var free: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var interrupted = false

    init(_ count: Int) {
        free = count
    }

    /// Waits until a slot is free (or `interrupt()`) and returns how many are free.
    func available() async -> Int {
        if free == 0, !interrupted {
            await withCheckedContinuation { waiters.append($0) }
        }
        return free
    }

    func take() {
        free -= 1
    }

    func release() {
        free += 1
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }

    /// Wakes every waiter for good: on shutdown the receive loop must stop waiting for a slot it will not use.
    func interrupt() {
        interrupted = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }
}
