/// What a cross-field rule needs: the typed spec, where things are, and the diagnostics to add to.
/// A rule names the fields it reads; when one of them already has a problem reported, the rule stays
/// quiet, so one mistake gives one message.
struct RuleContext {
    var spec: Spec
    let sourceMap: SourceMap
    var diagnostics: Diagnostics

    /// Reports a problem about the first of `paths`, the most relevant field. It is located at the first
    /// of `paths` written in the file (a default has no place), else at the first one's nearest enclosing key.
    mutating func report(_ paths: [String], _ message: String, allowed: String) {
        let fieldPaths = paths.map(FieldPath.init(dotted:))
        guard !fieldPaths.contains(where: diagnostics.hasReported) else { return }
        let located = fieldPaths.first(where: sourceMap.isWritten) ?? fieldPaths[0]
        diagnostics.report(at: sourceMap.value(located), path: fieldPaths[0], "\(fieldPaths[0]): \(message)",
                           allowed: allowed)
    }

    /// Records advice about `path`, located like `report`, unless a problem there was already reported.
    mutating func warn(_ path: String, _ message: String, advice: String) {
        let fieldPath = FieldPath(dotted: path)
        guard !diagnostics.hasReported(fieldPath) else { return }
        diagnostics.warn(at: sourceMap.key(fieldPath), "\(fieldPath): \(message)", advice: advice)
    }

    func isWritten(_ path: String) -> Bool {
        sourceMap.isWritten(FieldPath(dotted: path))
    }
}
