// The chat's conversation in the tab's sessionStorage (Chat/ConversationStorage.cs).

// As bytes, which Blazor streams to the server in pieces: a string would travel in one SignalR
// message, and the circuit refuses messages over 32 KB.
export function load(key) {
    return new TextEncoder().encode(sessionStorage.getItem(key) ?? "");
}

export function save(key, json) {
    sessionStorage.setItem(key, json);
}
