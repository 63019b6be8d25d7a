import CCairo

/// Throws when a Cairo object is in an error state; every status other than success is an error.
func checkStatus(_ status: cairo_status_t, _ operation: String) throws {
    guard status == CAIRO_STATUS_SUCCESS else {
        throw RenderError.cairo(operation: operation, status: String(cString: cairo_status_to_string(status)))
    }
}

/// Owns a `cairo_surface_t`.
final class CairoSurface {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer?, _ operation: String) throws {
        guard let pointer else { throw RenderError.cairo(operation: operation, status: "no surface") }
        self.pointer = pointer
        try checkStatus(cairo_surface_status(pointer), operation)
    }
    func finish() throws {
        cairo_surface_finish(pointer)
        try checkStatus(cairo_surface_status(pointer), "finishing the surface")
    }
    deinit { cairo_surface_destroy(pointer) }
}

/// Owns a `cairo_t`; keeps its surface alive as long as it is.
final class CairoContext {
    let pointer: OpaquePointer
    let surface: CairoSurface
    init(_ surface: CairoSurface) throws {
        self.surface = surface
        guard let cr = cairo_create(surface.pointer) else {
            throw RenderError.cairo(operation: "cairo_create", status: "no context")
        }
        pointer = cr
        try checkStatus(cairo_status(cr), "cairo_create")
    }
    func check(_ operation: String) throws { try checkStatus(cairo_status(pointer), operation) }
    deinit { cairo_destroy(pointer) }
}

/// Collects the bytes a PDF surface writes, so that a document exists only in memory until complete.
final class ByteSink {
    var bytes: [UInt8] = []
    init() { bytes.reserveCapacity(256 * 1024) }
}

let writeToSink: cairo_write_func_t = { closure, data, length in
    guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
    let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
    sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
    return CAIRO_STATUS_SUCCESS
}
