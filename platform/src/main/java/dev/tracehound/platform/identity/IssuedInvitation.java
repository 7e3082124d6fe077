package dev.tracehound.platform.identity;

/** A new invitation and its token: the only copy of the token, to send to the invitee. */
public record IssuedInvitation(Invitation invitation, String token) {}
