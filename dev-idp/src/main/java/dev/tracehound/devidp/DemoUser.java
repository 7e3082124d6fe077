package dev.tracehound.devidp;

/**
 * A person who can log in to the development provider. The password is printed on purpose: these
 * users exist only on a developer's machine and in tests.
 *
 * @param email the login name and the ID token's {@code email} claim
 * @param name the ID token's {@code name} claim
 * @param role the workspace role this user is meant to try out (owner, admin, member, viewer)
 * @param password the form login password, clearly not a secret
 */
public record DemoUser(String email, String name, String role, String password) {}
