/**
 * Validity of a perception classifier (perceived gender, estimated skin tone) measured against
 * labelled data, as pure functions over already-classified items: the {@link
 * org.biaslab.metric.validity.ConfusionMatrix} with abstentions kept apart and its proportions
 * (accuracy, balanced accuracy, recall, precision, Cohen's kappa), {@link
 * org.biaslab.metric.validity.Calibration} (reliability diagram, ECE, Brier score), {@link
 * org.biaslab.metric.validity.Auc} (Mann-Whitney with a DeLong interval), {@link
 * org.biaslab.metric.validity.GroupAccuracy} (every labelled group and intersection), the audit's
 * {@link org.biaslab.metric.validity.PrevalenceCorrection} for the classifier's error, and the
 * saved form of a measured confusion matrix, {@link org.biaslab.metric.validity.ClassifierValidity},
 * and an audit's {@link org.biaslab.metric.validity.ReferenceComparison} of perceived shares with
 * per-image reference labels (selection apart from classifier error, Newcombe's paired interval).
 *
 * <p>Every proportion is an {@link org.biaslab.metric.Estimate} with its denominator as n and an
 * interval; a proportion over nothing is undefined (NaN, n = 0), never 0. Every random draw comes
 * from an explicit seed.
 */
package org.biaslab.metric.validity;
