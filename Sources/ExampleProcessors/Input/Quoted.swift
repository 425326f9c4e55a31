/// How input text appears inside an error message: quoted, escaped and shortened, so a message stays on one
/// line and a huge field cannot flood a log.
enum Quoted {
    static let maximumCharacters = 60

    static func text(_ text: String) -> String {
        let shown = text.count > maximumCharacters ? String(text.prefix(maximumCharacters - 1)) + "…" : text
        return shown.debugDescription
    }

    static func list(_ names: [String]) -> String {
        names.isEmpty ? "(none)" : names.map(text).joined(separator: ", ")
    }
}
