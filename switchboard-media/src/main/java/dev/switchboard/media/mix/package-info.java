/**
 * Who hears whom, as data: a {@link dev.switchboard.media.mix.MixPlan} per room (one call), built by the core from
 * its who-hears-whom relation, slot by slot: for each listener leg, the legs it hears, whether it hears its
 * {@link dev.switchboard.media.mix.HoldSource}, and which legs make the call's recording. The
 * {@link dev.switchboard.media.mix.Mixer} turns it into samples every 20 ms: each listener gets the saturating
 * 16-bit sum of exactly those frames, never its own, silence if it hears nobody.
 *
 * <p>Rule: a plan is immutable and replaced whole (a volatile swap in the room); building one allocates, on the
 * caller's thread; mixing allocates nothing.
 */
package dev.switchboard.media.mix;
