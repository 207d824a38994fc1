package at.meldestelle.infra.shared.clients.eventstore;

/** One Server-Sent Event: its id and name (null when absent) and its data. */
record SseFrame(String id, String event, String data) {
}
