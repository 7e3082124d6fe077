package dev.tracehound.incidents.approve;

/**
 * What an admin gives to add an action to the catalogue; {@link ActionCatalogue#create} checks it.
 *
 * @param name        a slug: lower-case letters, digits, {@code _} and {@code -}, starting with a letter, at most 63
 * @param description for the model and for approvers: what the call does
 * @param webhookUrl  the http or https URL that is POSTed when the action runs
 * @param secret      signs each call; 16 to 200 characters (the HTTP API makes one and shows it once)
 */
public record ActionSpec(String name, String description, String webhookUrl, String secret, RiskTier tier) {}
