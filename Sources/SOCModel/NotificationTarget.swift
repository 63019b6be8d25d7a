/// The service's promise: the customer is notified within 15 minutes of an incident's determination.
public enum NotificationTarget {
    public static let minutes = 15

    /// Whole seconds from determination to notification and whether that kept the promise; nil when
    /// no notification is recorded.
    public static func delay(determinedAt: Timestamp, notifiedAt: Timestamp?) -> (seconds: Int, met: Bool)? {
        guard let notifiedAt else { return nil }
        let seconds = Int(notifiedAt.date.timeIntervalSince(determinedAt.date).rounded())
        return (seconds, seconds <= minutes * 60)
    }
}
