/** Who hears whom in a call: one pure function of the model, read by snapshots and by media mixers alike. */
package dev.switchboard.core.audio;
