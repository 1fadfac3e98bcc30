/**
 * Supervisor monitoring: who may monitor whom ({@link dev.switchboard.core.supervision.MonitoringPolicy}, a pure
 * function), the life of a subscription ({@link dev.switchboard.core.supervision.Supervision}: start, join, follow,
 * leave, end), and the tamper-evident audit of it. A supervision rule changes here and nowhere else.
 */
package dev.switchboard.core.supervision;
