package dev.tracehound.app.api;

import java.util.List;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.BeanPropertyWriter;
import tools.jackson.databind.ser.ValueSerializerModifier;
import tools.jackson.databind.ser.std.ToStringSerializer;

/**
 * Writes every long property named {@code …Nanos} as a JSON string, as OTLP/JSON does:
 * nanosecond times are beyond the integers JavaScript holds exactly (2^53), and a browser
 * would silently round them.
 */
final class NanosAsStrings extends SimpleModule {

    NanosAsStrings() {
        super("tracehound-nanos-as-strings");
        setSerializerModifier(new ValueSerializerModifier() {
            @Override
            public List<BeanPropertyWriter> changeProperties(SerializationConfig config,
                    BeanDescription.Supplier description, List<BeanPropertyWriter> properties) {
                for (BeanPropertyWriter property : properties) {
                    Class<?> type = property.getType().getRawClass();
                    if ((type == long.class || type == Long.class) && property.getName().endsWith("Nanos")) {
                        property.assignSerializer(ToStringSerializer.instance);
                    }
                }
                return properties;
            }
        });
    }
}
