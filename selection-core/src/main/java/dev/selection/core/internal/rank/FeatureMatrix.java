package dev.selection.core.internal.rank;

import java.util.List;
import java.util.Objects;

/**
 * Feature rows in {@link FeatureSchema} column order, row-major, NaN for missing values (XGBoost's
 * missing marker).
 *
 * @param ids song id of each row
 * @param values {@code ids.size() * FeatureSchema.COLUMNS} floats
 */
public record FeatureMatrix(List<String> ids, float[] values) {
  /** Validates the shape. */
  public FeatureMatrix {
    ids = List.copyOf(ids);
    Objects.requireNonNull(values, "values");
    if (values.length != ids.size() * FeatureSchema.COLUMNS) {
      throw new IllegalArgumentException("values must hold one row per id");
    }
  }

  /** Returns the number of rows. */
  public int rows() {
    return ids.size();
  }

  /** Returns one value. */
  public float get(int row, int column) {
    return values[row * FeatureSchema.COLUMNS + column];
  }

  /** Returns the rows at the given indices, in that order. */
  public FeatureMatrix select(int[] rows) {
    float[] out = new float[rows.length * FeatureSchema.COLUMNS];
    String[] sel = new String[rows.length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(values, rows[i] * FeatureSchema.COLUMNS, out, i * FeatureSchema.COLUMNS,
          FeatureSchema.COLUMNS);
      sel[i] = ids.get(rows[i]);
    }
    return new FeatureMatrix(List.of(sel), out);
  }
}
