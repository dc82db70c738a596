/**
 * Comparing two finished runs for model owners: did a new model, a new prompt or a mitigation change
 * what the audit measures, beyond chance? Per occupation differences with intervals, a test each and
 * multiple-testing control across occupations ({@link org.biaslab.compare.AuditComparison}).
 */
package org.biaslab.compare;
