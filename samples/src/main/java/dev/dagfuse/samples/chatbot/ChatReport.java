// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.chatbot;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The output of merge.
 *
 * @param intents the intent names
 * @param heldOutRows how many held-out utterances were classified
 * @param accuracy the combined classifier's held-out accuracy (the intent whose classifier scores highest)
 * @param ciLow the lower end of its 95% bootstrap interval
 * @param ciHigh its upper end
 * @param macroF1 the F1 score averaged over intents
 * @param predictedCounts per intent, how many held-out utterances were assigned to it
 * @param confusion {@code confusion[truth][predicted]}
 */
public record ChatReport(String[] intents, int heldOutRows, double accuracy, double ciLow, double ciHigh, double macroF1,
        int[] predictedCounts, int[][] confusion) implements Serializable {

    /** A one-line human-readable summary. */
    public String summary() {
        return String.format("%d intents, %d held-out utterances: accuracy %.3f [%.3f, %.3f], macro F1 %.3f, predicted %s",
                intents.length, heldOutRows, accuracy, ciLow, ciHigh, macroF1, Arrays.toString(predictedCounts));
    }
}
