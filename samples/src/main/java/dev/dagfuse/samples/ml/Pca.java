// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.ml;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Generates a synthetic classification data set and projects it on its leading principal components
 * (covariance of the training rows, eigen-decomposed by cyclic Jacobi rotations), whitened.
 */
public class Pca implements Handler {

    @Override
    public Object handle(Invocation invocation) {
        MlRequest request = (MlRequest) invocation.requestInput();
        int n = request.samples();
        int d = request.dimensions();
        int[] labels = new int[n];
        double[] x = generate(request, labels);
        int heldOut = (int) Math.round(n * request.heldOutFraction());
        int train = n - heldOut;

        // Mean and covariance of the training rows only, so nothing leaks from the held-out rows.
        double[] mean = new double[d];
        for (int i = 0; i < train; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= train;
        }
        double[] centred = new double[d];
        double[] covariance = new double[d * d];
        for (int i = 0; i < train; i++) {
            for (int j = 0; j < d; j++) {
                centred[j] = x[i * d + j] - mean[j];
            }
            for (int a = 0; a < d; a++) {
                double ca = centred[a];
                int row = a * d;
                for (int b = a; b < d; b++) {
                    covariance[row + b] += ca * centred[b];
                }
            }
        }
        double[][] c = new double[d][d];
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                c[a][b] = c[b][a] = covariance[a * d + b] / (train - 1);
            }
        }
        double totalVariance = 0;
        for (int a = 0; a < d; a++) {
            totalVariance += c[a][a];
        }
        double[][] vectors = new double[d][d];
        double[] values = jacobi(c, vectors);

        Integer[] order = new Integer[d];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (p, q) -> Double.compare(values[q], values[p]));
        int k = request.components();
        double[][] basis = new double[k][d];
        double[] explained = new double[k];
        for (int m = 0; m < k; m++) {
            int column = order[m];
            double scale = 1 / Math.sqrt(Math.max(values[column], 1e-12)); // whiten: unit variance per component
            for (int j = 0; j < d; j++) {
                basis[m][j] = vectors[j][column] * scale;
            }
            explained[m] = values[column] / totalVariance;
        }
        float[] trainX = project(x, 0, train, d, mean, basis);
        float[] heldOutX = project(x, train, n, d, mean, basis);
        return new Projected(request.classes(), k, trainX, Arrays.copyOfRange(labels, 0, train), heldOutX,
                Arrays.copyOfRange(labels, train, n), explained);
    }

    /**
     * Rows {@code x = A (mu_y + z) + nuisance + noise}: the classes differ only in a {@code latent}-dimensional
     * subspace, a few strong nuisance directions carry no class information, and every feature is noisy.
     */
    static double[] generate(MlRequest request, int[] labels) {
        SplittableRandom random = new SplittableRandom(request.seed());
        int d = request.dimensions();
        int l = request.latent();
        double[][] mixing = new double[d][l];
        for (double[] row : mixing) {
            for (int j = 0; j < l; j++) {
                row[j] = random.nextGaussian() * 2 / Math.sqrt(l);
            }
        }
        double[][] centres = new double[request.classes()][l];
        for (double[] centre : centres) {
            for (int j = 0; j < l; j++) {
                centre[j] = random.nextGaussian() * 0.9;
            }
        }
        int nuisanceCount = 3;
        double[][] nuisance = new double[nuisanceCount][d];
        for (double[] direction : nuisance) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                direction[j] = random.nextGaussian();
                norm += direction[j] * direction[j];
            }
            for (int j = 0; j < d; j++) {
                direction[j] *= 4 / Math.sqrt(norm);
            }
        }
        double[] x = new double[request.samples() * d];
        double[] z = new double[l];
        for (int i = 0; i < request.samples(); i++) {
            int y = random.nextInt(request.classes());
            labels[i] = y;
            for (int j = 0; j < l; j++) {
                z[j] = centres[y][j] + random.nextGaussian();
            }
            int row = i * d;
            for (int a = 0; a < d; a++) {
                double value = random.nextGaussian();
                for (int j = 0; j < l; j++) {
                    value += mixing[a][j] * z[j];
                }
                x[row + a] = value;
            }
            for (double[] direction : nuisance) {
                double amount = random.nextGaussian();
                for (int a = 0; a < d; a++) {
                    x[row + a] += amount * direction[a];
                }
            }
        }
        return x;
    }

    /**
     * Eigen-decomposes the symmetric matrix {@code a} (destroyed) by cyclic Jacobi rotations.
     *
     * @param vectors receives the eigenvectors as columns
     * @return the eigenvalues, in the order of {@code vectors}' columns
     */
    static double[] jacobi(double[][] a, double[][] vectors) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            Arrays.fill(vectors[i], 0);
            vectors[i][i] = 1;
        }
        double norm = 0;
        for (double[] row : a) {
            for (double v : row) {
                norm += v * v;
            }
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off <= 1e-24 * norm) {
                break;
            }
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p][q];
                    if (Math.abs(apq) < 1e-300) {
                        continue;
                    }
                    // The rotation J (c, s) with J^T A J zero at (p, q): t = tan(phi) is the smaller root.
                    double theta = (a[q][q] - a[p][p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) { // columns p and q
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    double[] rowP = a[p];
                    double[] rowQ = a[q];
                    for (int k = 0; k < n; k++) { // rows p and q
                        double apk = rowP[k];
                        double aqk = rowQ[k];
                        rowP[k] = c * apk - s * aqk;
                        rowQ[k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = vectors[k][p];
                        double vkq = vectors[k][q];
                        vectors[k][p] = c * vkp - s * vkq;
                        vectors[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = a[i][i];
        }
        return values;
    }

    private static float[] project(double[] x, int from, int to, int d, double[] mean, double[][] basis) {
        int k = basis.length;
        float[] out = new float[(to - from) * k];
        double[] centred = new double[d];
        for (int i = from; i < to; i++) {
            for (int j = 0; j < d; j++) {
                centred[j] = x[i * d + j] - mean[j];
            }
            for (int m = 0; m < k; m++) {
                double sum = 0;
                double[] direction = basis[m];
                for (int j = 0; j < d; j++) {
                    sum += direction[j] * centred[j];
                }
                out[(i - from) * k + m] = (float) sum;
            }
        }
        return out;
    }

    /** 12,000 rows of 128 features in 5 classes that differ in 8 latent dimensions; 16 components kept. */
    @Override
    public Object defaultInput(long seed) {
        return new MlRequest(seed, 12_000, 128, 5, 8, 16, 0.2);
    }
}
