/// Failures of the engine. They name the cell so a planner can find the input that caused them.
public enum ProjectionError: Error, Equatable, CustomStringConvertible {
    case negativeCell(place: String, sex: Sex, age: Int, year: Int, component: String, value: Double)
    case identityBroken(place: String, sex: Sex, age: Int, year: Int, residual: Double)
    case invalidInput(String)

    public var description: String {
        switch self {
        case let .negativeCell(place, sex, age, year, component, value):
            return "negative population after \(component): \(place), \(sex), age \(Ages.label(age)), mid-\(year) = \(value)"
        case let .identityBroken(place, sex, age, year, residual):
            return "accounting identity broken for \(place), \(sex), age \(Ages.label(age)), mid-\(year): residual \(residual)"
        case let .invalidInput(message):
            return message
        }
    }
}
