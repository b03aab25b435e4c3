package dev.selection.core.internal.rank;

import java.util.List;
import java.util.Objects;

/**
 * Feature rows in a {@link FeatureSchema}'s column order, row-major, NaN for missing values
 * (XGBoost's missing marker).
 *
 * @param schema the columns
 * @param ids song id of each row
 * @param values {@code ids.size() * schema.columns()} floats
 */
public record FeatureMatrix(FeatureSchema schema, List<String> ids, float[] values) {
  /** Validates the shape. */
  public FeatureMatrix {
    Objects.requireNonNull(schema, "schema");
    ids = List.copyOf(ids);
    Objects.requireNonNull(values, "values");
    if (values.length != ids.size() * schema.columns()) {
      throw new IllegalArgumentException("values must hold one row per id");
    }
  }

  /** Returns the number of rows. */
  public int rows() {
    return ids.size();
  }

  /** Returns the number of columns. */
  public int columns() {
    return schema.columns();
  }

  /** Returns one value. */
  public float get(int row, int column) {
    return values[row * schema.columns() + column];
  }

  /** Returns one value by column name. */
  public float get(int row, String column) {
    return get(row, schema.indexOf(column));
  }

  /** Returns the rows at the given indices, in that order. */
  public FeatureMatrix select(int[] rows) {
    int c = schema.columns();
    float[] out = new float[rows.length * c];
    String[] sel = new String[rows.length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(values, rows[i] * c, out, i * c, c);
      sel[i] = ids.get(rows[i]);
    }
    return new FeatureMatrix(schema, List.of(sel), out);
  }
}
