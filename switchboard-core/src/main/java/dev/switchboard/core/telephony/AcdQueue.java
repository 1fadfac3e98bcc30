package dev.switchboard.core.telephony;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import dev.switchboard.core.directory.AgentGroup;
import dev.switchboard.core.directory.Dn;

/** An ACD queue: the calls waiting in arrival order, and the agent group it distributes to. Switch thread only. */
final class AcdQueue {
    final Dn dn;
    final AgentGroup group;
    final Duration ringNoAnswer;
    final Deque<Call> waiting = new ArrayDeque<>();

    AcdQueue(Dn dn, AgentGroup group) {
        this.dn = dn;
        this.group = group;
        this.ringNoAnswer = Duration.ofSeconds(dn.ringNoAnswerSeconds());
    }

    @Override
    public String toString() {
        return "AcdQueue@" + Integer.toHexString(hashCode()) + "[" + dn.number() + ",waiting=" + waiting.size() + "]";
    }
}
