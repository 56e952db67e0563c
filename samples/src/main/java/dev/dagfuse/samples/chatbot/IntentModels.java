// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.chatbot;

import java.io.Serializable;

/**
 * The output of train: the one-vs-rest classifiers of this branch's intents, and those intents' held-out
 * shards, forwarded so merge can evaluate on all of them.
 *
 * @param branch the train branch that fitted them
 * @param intents the intent indices covered, ascending
 * @param weights per covered intent, its weights over the hashed features
 * @param bias per covered intent, its bias
 * @param heldOut per covered intent, its held-out utterances' features
 */
public record IntentModels(int branch, int[] intents, float[][] weights, float[] bias, SparseRows[] heldOut) implements Serializable {
}
