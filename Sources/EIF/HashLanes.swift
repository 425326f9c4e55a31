import Dispatch
import Foundation

/// Two threads that each take every chunk, in order, at their own pace, from a ring of chunk buffers the
/// caller fills. A buffer returns to the ring once both lanes are done with it, so neither lane waits for
/// the other at each chunk and the caller reads and writes ahead while they hash. (A barrier per chunk
/// would make the faster lane wait for the slower one every time.)
final class HashLanes: @unchecked Sendable {
    /// What a lane does with a chunk: `work(bytes, lane, region)`.
    typealias Work = @Sendable (UnsafeRawBufferPointer, Int, MeasuredRegion) -> Void

    private struct Item {
        let slot: Int
        let count: Int
        let region: MeasuredRegion
    }

    // Everything below is guarded by `lock`; the semaphores order the hand-offs.
    private let lock = NSLock()
    private var queues: [[Item?]] = [[], []]
    private var users: [Int]
    private var freeList: [Int]
    private let buffers: [UnsafeMutableRawBufferPointer]
    private let ready = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
    private let freeSlots: DispatchSemaphore
    private let stopped = DispatchSemaphore(value: 0)

    init(slots: Int, slotSize: Int, work: @escaping Work) {
        buffers = (0..<slots).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: slotSize, alignment: 64) }
        users = Array(repeating: 0, count: slots)
        freeList = Array((0..<slots).reversed())
        freeSlots = DispatchSemaphore(value: slots)
        for lane in 0..<2 {
            let thread = Thread { [self] in run(lane: lane, work: work) }
            thread.name = "nitroforge.eif.lane\(lane)"
            thread.start()
        }
    }

    deinit {
        buffers.forEach { $0.deallocate() }
    }

    /// A free buffer of the ring, waiting for one if both lanes still hold them all.
    func acquire() -> (slot: Int, buffer: UnsafeMutableRawBufferPointer) {
        freeSlots.wait()
        lock.lock()
        let slot = freeList.removeLast()
        lock.unlock()
        return (slot, buffers[slot])
    }

    /// Hands the first `count` bytes of an acquired buffer to both lanes; the caller may go on reading it
    /// but must not change it.
    func submit(slot: Int, count: Int, region: MeasuredRegion) {
        lock.lock()
        users[slot] = 2
        for lane in 0..<2 { queues[lane].append(Item(slot: slot, count: count, region: region)) }
        lock.unlock()
        ready.forEach { $0.signal() }
    }

    /// Returns an acquired buffer that was not submitted.
    func release(slot: Int) {
        lock.lock()
        freeList.append(slot)
        lock.unlock()
        freeSlots.signal()
    }

    /// Waits until both lanes have finished every chunk submitted so far.
    func drain() {
        for _ in buffers { freeSlots.wait() }
        for _ in buffers { freeSlots.signal() }
    }

    /// Ends both threads after they finish what was submitted.
    func stop() {
        lock.lock()
        for lane in 0..<2 { queues[lane].append(nil) }
        lock.unlock()
        ready.forEach { $0.signal() }
        stopped.wait()
        stopped.wait()
    }

    private func run(lane: Int, work: Work) {
        while true {
            ready[lane].wait()
            lock.lock()
            let next = queues[lane].removeFirst()
            lock.unlock()
            guard let item = next else { break }
            work(UnsafeRawBufferPointer(rebasing: buffers[item.slot][..<item.count]), lane, item.region)
            lock.lock()
            users[item.slot] -= 1
            let free = users[item.slot] == 0
            if free { freeList.append(item.slot) }
            lock.unlock()
            if free { freeSlots.signal() }
        }
        stopped.signal()
    }
}
