package dev.barista.cli;

import dev.barista.model.Model;
import picocli.CommandLine;

import java.util.Iterator;

/** Turns {@code --model NAME} into a model; an unknown name lists the valid ones. */
final class ModelConverter implements CommandLine.ITypeConverter<Model>, Iterable<String> {
    @Override
    public Model convert(String value) {
        try {
            return Model.named(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    @Override
    public Iterator<String> iterator() {
        return Model.all().stream().map(Model::name).iterator();
    }
}
