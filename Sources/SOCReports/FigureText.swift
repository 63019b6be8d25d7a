import SOCTemplates

/// The words a screen reader reads for a figure (its `Alt`) or a badge (its `ActualText`), worded by the
/// templates' `a11y.*` entries from the same data the figure draws.
extension Wording {
    /// Template `key` with `values` as its `{{#values}}{{label}} {{value}}{{#more}}, {{/more}}{{/values}}` list.
    func describing(_ key: String, _ values: [(label: String, value: String)], _ extra: [String: Any] = [:]) -> String {
        var all = extra
        all["values"] = values.enumerated().map { i, v -> [String: Any] in
            ["label": v.label, "value": v.value, "more": i + 1 < values.count]
        }
        return format(key, all)
    }
}
