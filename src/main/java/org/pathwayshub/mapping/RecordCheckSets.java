package org.pathwayshub.mapping;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/** Every {@link RecordChecks} the hub has, by the name mapping files use. */
@Component
public class RecordCheckSets {

    private final Map<String, RecordChecks> byName;

    public RecordCheckSets(List<RecordChecks> checks) {
        this.byName = checks.stream().collect(Collectors.toMap(RecordChecks::name, Function.identity()));
    }

    public Optional<RecordChecks> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
