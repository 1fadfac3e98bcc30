/**
 * The switch's live, mutable state: devices, calls and their parties, supervisors' subscriptions, ACD queues, and the
 * {@link dev.switchboard.core.model.Change} a command is making. Only the switch thread touches any of it; readers
 * get the immutable values of {@code view}. The rules that act on it live above it, one package a concept:
 * {@code routing}, {@code supervision}, {@code audio}, and the switch itself in {@code telephony}.
 */
package dev.switchboard.core.model;
