package dev.selection.spark;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes Spark {@link Row}s of a {@link StructType} to one Parquet file, inside a task, so that
 * each task can write its file to a temporary name and commit it by an atomic rename (Spark's own
 * writer commits only when the whole job ends, so a killed run would keep nothing).
 *
 * <p>The Parquet schema is the one Spark itself writes for these types (standard three-level {@code
 * LIST} and {@code MAP} groups, {@code STRING} binaries), so {@code
 * spark.read().schema(schema).parquet(...)} reads the files back. Rows may hold arrays as Java
 * arrays, {@link List}s or Scala sequences and maps as Java or Scala maps (what {@link
 * org.apache.spark.sql.RowFactory} and Spark's own deserialised rows hold). Not thread-safe.
 */
final class ParquetRowWriter implements AutoCloseable {
  private final ParquetWriter<Row> writer;

  /**
   * Opens a writer.
   *
   * @param file the file to create (it must not exist)
   * @param metadata key-value metadata for the file footer
   */
  ParquetRowWriter(
      org.apache.hadoop.fs.Path file,
      StructType schema,
      Map<String, String> metadata,
      Configuration conf)
      throws IOException {
    this.writer =
        new Builder(HadoopOutputFile.fromPath(file, conf), schema, metadata)
            .withConf(conf)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withRowGroupSize(16L << 20)
            .withPageSize(1 << 20)
            .build();
  }

  /** Appends a row. */
  void write(Row row) throws IOException {
    writer.write(row);
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }

  /** The Parquet schema of a Spark schema, as Spark writes it. */
  static MessageType messageType(StructType schema) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (StructField f : schema.fields()) {
      b.addField(type(f.name(), f.dataType(), f.nullable()));
    }
    return b.named("spark_schema");
  }

  private static Type type(String name, DataType t, boolean nullable) {
    Type.Repetition rep = nullable ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
    if (t.equals(DataTypes.StringType)) {
      return Types.primitive(PrimitiveTypeName.BINARY, rep)
          .as(LogicalTypeAnnotation.stringType())
          .named(name);
    } else if (t.equals(DataTypes.LongType)) {
      return Types.primitive(PrimitiveTypeName.INT64, rep).named(name);
    } else if (t.equals(DataTypes.IntegerType)) {
      return Types.primitive(PrimitiveTypeName.INT32, rep).named(name);
    } else if (t.equals(DataTypes.DoubleType)) {
      return Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(name);
    } else if (t.equals(DataTypes.FloatType)) {
      return Types.primitive(PrimitiveTypeName.FLOAT, rep).named(name);
    } else if (t.equals(DataTypes.BooleanType)) {
      return Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(name);
    } else if (t instanceof ArrayType a) {
      return Types.buildGroup(rep)
          .as(LogicalTypeAnnotation.listType())
          .addField(
              Types.repeatedGroup()
                  .addField(type("element", a.elementType(), a.containsNull()))
                  .named("list"))
          .named(name);
    } else if (t instanceof MapType m) {
      return Types.buildGroup(rep)
          .as(LogicalTypeAnnotation.mapType())
          .addField(
              Types.repeatedGroup()
                  .addField(type("key", m.keyType(), false))
                  .addField(type("value", m.valueType(), m.valueContainsNull()))
                  .named("key_value"))
          .named(name);
    } else if (t instanceof StructType s) {
      Types.GroupBuilder<org.apache.parquet.schema.GroupType> g = Types.buildGroup(rep);
      for (StructField f : s.fields()) {
        g.addField(type(f.name(), f.dataType(), f.nullable()));
      }
      return g.named(name);
    }
    throw new IllegalArgumentException("Unsupported type " + t + " of " + name);
  }

  private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
    private final StructType schema;
    private final Map<String, String> metadata;

    Builder(OutputFile file, StructType schema, Map<String, String> metadata) {
      super(file);
      this.schema = schema;
      this.metadata = metadata;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Row> getWriteSupport(Configuration conf) {
      return new RowWriteSupport(schema, metadata);
    }
  }

  private static final class RowWriteSupport extends WriteSupport<Row> {
    private final StructType schema;
    private final Map<String, String> metadata;
    private RecordConsumer out;

    RowWriteSupport(StructType schema, Map<String, String> metadata) {
      this.schema = schema;
      this.metadata = metadata;
    }

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(messageType(schema), new HashMap<>(metadata));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.out = recordConsumer;
    }

    @Override
    public void write(Row row) {
      out.startMessage();
      fields(schema, row);
      out.endMessage();
    }

    private void fields(StructType s, Row row) {
      StructField[] fs = s.fields();
      for (int i = 0; i < fs.length; i++) {
        Object v = row.get(i);
        if (v == null) {
          if (!fs[i].nullable()) {
            throw new IllegalArgumentException("Null in the required column " + fs[i].name());
          }
          continue;
        }
        out.startField(fs[i].name(), i);
        value(fs[i].dataType(), v);
        out.endField(fs[i].name(), i);
      }
    }

    private void value(DataType t, Object v) {
      if (t.equals(DataTypes.StringType)) {
        out.addBinary(Binary.fromString((String) v));
      } else if (t.equals(DataTypes.LongType)) {
        out.addLong(((Number) v).longValue());
      } else if (t.equals(DataTypes.IntegerType)) {
        out.addInteger(((Number) v).intValue());
      } else if (t.equals(DataTypes.DoubleType)) {
        out.addDouble(((Number) v).doubleValue());
      } else if (t.equals(DataTypes.FloatType)) {
        out.addFloat(((Number) v).floatValue());
      } else if (t.equals(DataTypes.BooleanType)) {
        out.addBoolean((Boolean) v);
      } else if (t instanceof ArrayType a) {
        List<Object> items = FeatureSchema.list(v);
        out.startGroup();
        if (!items.isEmpty()) {
          out.startField("list", 0);
          for (Object item : items) {
            out.startGroup();
            if (item != null) {
              out.startField("element", 0);
              value(a.elementType(), item);
              out.endField("element", 0);
            }
            out.endGroup();
          }
          out.endField("list", 0);
        }
        out.endGroup();
      } else if (t instanceof MapType m) {
        Map<Object, Object> map = new java.util.TreeMap<>();
        if (v instanceof Map<?, ?> j) {
          map.putAll(j);
        } else {
          map.putAll(scala.collection.JavaConverters.mapAsJavaMap((scala.collection.Map<?, ?>) v));
        }
        out.startGroup();
        if (!map.isEmpty()) {
          out.startField("key_value", 0);
          for (Map.Entry<Object, Object> e : map.entrySet()) {
            out.startGroup();
            out.startField("key", 0);
            value(m.keyType(), e.getKey());
            out.endField("key", 0);
            if (e.getValue() != null) {
              out.startField("value", 1);
              value(m.valueType(), e.getValue());
              out.endField("value", 1);
            }
            out.endGroup();
          }
          out.endField("key_value", 0);
        }
        out.endGroup();
      } else if (t instanceof StructType s) {
        out.startGroup();
        fields(s, (Row) v);
        out.endGroup();
      } else {
        throw new IllegalArgumentException("Unsupported type " + t);
      }
    }
  }
}
