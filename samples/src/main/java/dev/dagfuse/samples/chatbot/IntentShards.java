// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.chatbot;

import java.io.Serializable;

/**
 * The output of split: the featurised corpus, one shard per intent.
 *
 * @param intents the intent names, by intent index
 * @param dimensions the size of the hashed feature space
 * @param train per intent, its training utterances' features
 * @param heldOut per intent, its held-out utterances' features
 */
public record IntentShards(String[] intents, int dimensions, SparseRows[] train, SparseRows[] heldOut) implements Serializable {
}
