import Demography

/// One Monte Carlo worker's projection buffers, kept from draw to draw so a draw's projection allocates (almost)
/// nothing: each Place's resident and registered cells and year's components, and the mortality schedules. Reuse is by
/// copy-on-write: a buffer still held by the previous draw's results is copied, never overwritten, so results that
/// are kept stay as they were. One per worker (not shared between threads).
public struct ProjectionWorkspace {
    /// Per Place, in scenario order.
    var places: [ProjectionBuffers] = []
    /// The schedule of the national table, and one per local mortality level.
    var national = MortalitySchedule()
    var local: [Double: MortalitySchedule] = [:]
    /// The draw's improvement factors r^scale, [year][sex][age] flat: computed once a draw and shared by the national
    /// schedule and every local level's (the scale is national; only the level differs by Place).
    var improvement: [Double] = []
    public init() {}
}
