/**
 * The media engine: Switchboard anchors the audio of every SIP call in itself, so that each party hears exactly
 * whom the switch's who-hears-whom relation says (a supervisor who listens in really hears the call, and nobody
 * hears the supervisor unless coaching or barging says so). Depends on nothing else in Switchboard.
 *
 * <h2>Model</h2>
 * A {@link dev.switchboard.media.MediaRoom} is one call; a {@link dev.switchboard.media.MediaLeg} is one party's
 * RTP stream in it, in a numbered slot. A {@link dev.switchboard.media.mix.MixPlan} per room says, slot by slot,
 * whom each leg hears, whether it hears its hold source (music on hold), and which legs make the call's recording.
 *
 * <h2>What the other modules do</h2>
 * <pre>
 * // once, at start-up (--sip-host, --rtp-ports)
 * MediaEngine engine = MediaEngine.create(MediaConfig.defaults().withBindHost(host).withPorts(20000, 20999), listener);
 * engine.start();
 *
 * // SIP side, per call and per leg
 * MediaRoom room = engine.openRoom(callId);
 * MediaLeg leg = room.addLeg(partyId);           // binds an even RTP port: leg.localPort() goes in our SDP
 * leg.configure(new LegMedia(G711Codec.PCMU, 0, 101, remoteRtpAddress, behindNat)); // after offer/answer
 * leg.sendDtmf("123#");                           // RFC 4733 out
 * room.removeLeg(leg);  room.close();             // BYE: sockets closed, ports returned
 *
 * // core, whenever its who-hears-whom relation changes (answer, mode switch, hold, mute, conference, transfer)
 * room.setPlan(MixPlan.builder().hears(customer, agent).hears(agent, customer)
 *         .hears(supervisor, customer, agent).records(customer, agent).build());
 * room.startRecording(file); room.pauseRecording(); room.resumeRecording(); room.stopRecording();
 *
 * // reads: GET /sim/v1/calls/{id} media, metrics, benchmarks
 * leg.stats();  engine.tickStats();
 * </pre>
 * The core owns the relation; it must give, per call, a {@code MixPlan} built from it: slot of each party
 * (from {@link dev.switchboard.media.MediaLeg#slot()}), the slots each party hears (a muted party is simply heard
 * by nobody; a held party hears its hold source and is heard by nobody), and the recorded slots. It never needs
 * to list a leg as hearing itself: the plan drops that.
 *
 * <h2>Frame legs</h2>
 * A leg need not be RTP: {@link dev.switchboard.media.MediaRoom#addFrameLeg} opens one whose audio an adapter hands
 * over in 20 ms frames of 16-bit PCM at 8 kHz through its {@link dev.switchboard.media.FramePort} (a browser over a
 * WebSocket). It takes a slot like any leg, so the same {@code MixPlan} decides whom it hears and who hears it; the
 * ticker takes one frame from its inbound ring per tick (silence when none came) and puts its mix into its outbound
 * ring, both preallocated single-producer single-consumer rings that drop and count rather than block.
 *
 * <h2>Threads and hand-offs</h2>
 * <ul>
 *   <li><b>Callers' threads</b> (SIP, core): open/close rooms and legs, configure legs, swap plans, start/stop
 *       recordings. Each change allocates what it needs and publishes it by a volatile swap of an immutable value
 *       (a ticker's room array, a room's leg array, its plan, a leg's media). No lock is shared with a ticker.</li>
 *   <li><b>K ticker threads</b> ({@code media-ticker-0} ..., {@link dev.switchboard.media.MediaConfig#tickers()},
 *       default one per processor): each room is placed, when it opens, on the ticker with the fewest legs and
 *       stays there. Each ticker, every 20 ms, on its own absolute deadlines from the injected
 *       {@link dev.switchboard.media.MediaClock} (drift-free: error never accumulates; more than 5 ticks behind,
 *       the missed ticks are skipped and counted; the K schedules are staggered by a K-th of a period), for each
 *       of its rooms: drains each leg's non-blocking socket into its jitter buffer (symmetric RTP: only from the
 *       signalled address, or in NAT mode from the first source seen from the signalled host; others ignored and
 *       counted), plays one frame per leg (a frame nobody hears is not decoded), mixes each leg's frame by the plan
 *       (saturating sum, never its own voice), encodes and sends it (or an RFC 4733 packet while DTMF is being
 *       sent), copies the recording mix into the recorder's ring, and checks inactivity.</li>
 *   <li><b>One I/O thread</b> ({@code media-io}): calls the {@link dev.switchboard.media.MediaListener} (digits
 *       received, leg inactive) and writes recordings to disk. Both hand-offs from the tickers are preallocated
 *       bounded rings with one producer each (an event ring per ticker, a recording ring per room): no ticker
 *       waits; when a ring is full the event or frame is dropped and counted.</li>
 * </ul>
 *
 * <h2>The allocation rule</h2>
 * The 20 ms path allocates nothing and never blocks: packet buffers, frames, jitter slots, rings and histograms are
 * preallocated; plans and leg arrays are only read; sockets are non-blocking. {@code TickAllocationTest} measures
 * it with {@code ThreadMXBean#getThreadAllocatedBytes}: 0 bytes on each of 3 ticker threads over 150 steady-state
 * ticks of 50 rooms × 3 legs. Tick wall and CPU time percentiles are kept in preallocated histograms, one pair per
 * ticker, merged when read ({@link dev.switchboard.media.TickStats}).
 *
 * <h2>Not (yet) here</h2>
 * RTCP (the odd port next to each RTP port is left free but unbound), codecs other than G.711, packet-loss
 * concealment (a lost frame plays as silence), ptime other than 20 ms (longer payloads are cut to 20 ms).
 */
package dev.switchboard.media;
