/**
 * Call recording. The recording of a call is the sum of the slots its {@link dev.switchboard.media.mix.MixPlan}
 * lists as recorded: the core decides what a recording contains (our choice for monitored calls: the customer and
 * the agents, not a supervisor who only listens or coaches, since a supervisor's coaching is not heard by the
 * customer; a barging supervisor is heard by all and is then recorded too). Threads and hand-off: the ticker copies
 * each 20 ms frame into the {@link dev.switchboard.media.record.CallRecorder}'s preallocated ring and never waits;
 * the engine's single I/O thread drains every ring to its WAV file (8 kHz, 16-bit mono PCM, header fixed on
 * close). A full ring drops the frame and counts it.
 */
package dev.switchboard.media.record;
