import Foundation

/// Recycles tape buffers between differentiations, so that a loop of `gradient` calls (an
/// optimizer) does not pay for fresh pages and regrowth on every call.
///
/// Keeps at most a few buffers per element type, each at most `maximumBytes`; thread-safe.
@usableFromInline
enum TapeBufferPool {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var free: [ObjectIdentifier: [(pointer: UnsafeMutableRawPointer, capacity: Int)]] = [:]
    private static let maximumBuffersPerType = 4
    private static let maximumBytes = 256 << 20

    /// A buffer for at least `minimumCapacity` elements (uninitialized), and its real capacity.
    @usableFromInline
    static func take<E>(_ type: E.Type, minimumCapacity: Int) -> (UnsafeMutablePointer<E>, Int) {
        lock.lock()
        if var list = free[ObjectIdentifier(type)], let i = list.lastIndex(where: { $0.capacity >= minimumCapacity }) {
            let buffer = list.remove(at: i)
            free[ObjectIdentifier(type)] = list
            lock.unlock()
            return (buffer.pointer.assumingMemoryBound(to: E.self), buffer.capacity)
        }
        lock.unlock()
        return (.allocate(capacity: minimumCapacity), minimumCapacity)
    }

    /// Returns a buffer (its elements already deinitialized) for reuse, or frees it.
    @usableFromInline
    static func give<E>(_ pointer: UnsafeMutablePointer<E>, capacity: Int) {
        if capacity * MemoryLayout<E>.stride <= maximumBytes {
            lock.lock()
            var list = free[ObjectIdentifier(E.self), default: []]
            if list.count < maximumBuffersPerType {
                list.append((UnsafeMutableRawPointer(pointer), capacity))
                free[ObjectIdentifier(E.self)] = list
                lock.unlock()
                return
            }
            lock.unlock()
        }
        pointer.deallocate()
    }
}
