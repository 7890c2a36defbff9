package io.phoenix.protocol.time;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** A thread started here (or one inside {@link #hold()}): busy unless waiting through the scheduler. */
final class Activity {
    final String name;
    final Thread thread;
    /** Made by {@link #hold()} for a thread we did not start; ends when its holds are released. */
    final boolean byHold;
    boolean idle;
    int holds;

    Activity(String name, Thread thread, boolean byHold) {
        this.name = name;
        this.thread = thread;
        this.byHold = byHold;
    }

    /** The busy activities by name (and, with stacks, where their threads are), for a stall report. */
    static String describeBusy(Collection<Activity> activities, boolean withStacks) {
        List<String> out = new ArrayList<>();
        for (Activity a : activities) {
            if (a.idle) continue;
            StringBuilder s = new StringBuilder("'").append(a.name).append("'");
            if (withStacks) {
                StackTraceElement[] stack = a.thread.getStackTrace();
                for (int i = 0; i < Math.min(8, stack.length); i++) s.append(i == 0 ? " at " : " <- ").append(stack[i]);
            }
            out.add(s.toString());
        }
        out.sort(null);
        return out.isEmpty() ? "none" : String.join("; ", out);
    }
}
