/**
 * ACD routing: queues, agent selection, ring no answer and the wrap-up owed after an ACD call. Builds on the model and
 * its {@link dev.switchboard.core.model.Legs}; knows nothing of supervision, views or clients.
 */
package dev.switchboard.core.routing;
