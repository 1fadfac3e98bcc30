package dev.switchboard.core.model;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import dev.switchboard.core.directory.AgentGroup;
import dev.switchboard.core.directory.Dn;

/** An ACD queue: the calls waiting in arrival order, and the agent group it distributes to. Switch thread only. */
public final class AcdQueue {
    public final Dn dn;
    public final AgentGroup group;
    public final Duration ringNoAnswer;
    public final Deque<Call> waiting = new ArrayDeque<>();

    public AcdQueue(Dn dn, AgentGroup group) {
        this.dn = dn;
        this.group = group;
        this.ringNoAnswer = Duration.ofSeconds(dn.ringNoAnswerSeconds());
    }

    @Override
    public String toString() {
        return "AcdQueue@" + Integer.toHexString(hashCode()) + "[" + dn.number() + ",waiting=" + waiting.size() + "]";
    }
}
