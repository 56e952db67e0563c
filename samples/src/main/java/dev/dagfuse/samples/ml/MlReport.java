// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.ml;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The output of combine.
 *
 * @param members how many models were combined
 * @param heldOutRows how many held-out rows they were evaluated on
 * @param memberAccuracy every member's own held-out accuracy, in branch order
 * @param votingAccuracy the held-out accuracy of the soft-voting ensemble (averaged class probabilities)
 * @param averagedAccuracy the held-out accuracy of the model whose weights are the members' average
 * @param ciLow the lower end of the 95% bootstrap interval of {@code votingAccuracy}
 * @param ciHigh its upper end
 * @param confusion {@code confusion[truth][predicted]} of the voting ensemble
 */
public record MlReport(int members, int heldOutRows, double[] memberAccuracy, double votingAccuracy, double averagedAccuracy,
        double ciLow, double ciHigh, int[][] confusion) implements Serializable {

    /** A one-line human-readable summary. */
    public String summary() {
        double best = Arrays.stream(memberAccuracy).max().orElse(Double.NaN);
        double worst = Arrays.stream(memberAccuracy).min().orElse(Double.NaN);
        return String.format("%d members on %d held-out rows: members %.3f..%.3f, voting %.3f [%.3f, %.3f], averaged weights %.3f",
                members, heldOutRows, worst, best, votingAccuracy, ciLow, ciHigh, averagedAccuracy);
    }
}
