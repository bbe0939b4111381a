package dev.cpx.web.api.input;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A JSON request body as the fuzz builds and breaks it: the object a handler's {@code @RequestBody} record
 * describes, filled with values a caller would send, then mutated. Members are JSON text, or arrays of objects (a
 * batch's records) so that a mutation can reach inside a record as well as the envelope around it.
 */
final class FuzzBody {

    /** Stands for a string whose bytes will be broken UTF-8 on the wire. */
    private static final String BROKEN = "\u0001broken\u0001";

    private final List<Member> members = new ArrayList<>();

    private static final class Member {
        private final String name;
        private String json;
        private List<FuzzBody> objects;

        Member(String name, String json, List<FuzzBody> objects) {
            this.name = name;
            this.json = json;
            this.objects = objects;
        }
    }

    /**
     * The object of a record type, each component filled by {@code byName} (JSON text, or null to fill it by its
     * type: {@code "fuzz"}, 1, an instant, 0.5, the first constant of an enum, arrays and records recursively).
     */
    static FuzzBody of(Class<?> record, Function<String, String> byName) {
        var body = new FuzzBody();
        for (RecordComponent component : record.getRecordComponents()) {
            String name = component.getName();
            String known = byName.apply(name);
            Type type = component.getGenericType();
            Class<?> element = listElement(type);
            if (known != null) {
                body.members.add(new Member(name, known, null));
            } else if (element != null && element.isRecord()) {
                body.members.add(new Member(name, null, new ArrayList<>(List.of(of(element, byName)))));
            } else if (element != null) {
                body.members.add(new Member(name, "[" + scalar(element) + "]", null));
            } else if (component.getType().isRecord()) {
                body.members.add(new Member(name, of(component.getType(), byName).render(), null));
            } else {
                body.members.add(new Member(name, scalar(component.getType()), null));
            }
        }
        return body;
    }

    private static Class<?> listElement(Type type) {
        if (type instanceof ParameterizedType list && List.class.isAssignableFrom((Class<?>) list.getRawType())
                && list.getActualTypeArguments()[0] instanceof Class<?> element) {
            return element;
        }
        return null;
    }

    private static String scalar(Class<?> type) {
        if (type == String.class) {
            return "\"fuzz\"";
        }
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            return "1";
        }
        if (type == Instant.class) {
            return "\"2026-12-01T00:00:00Z\"";
        }
        if (type == BigDecimal.class || type == Double.class || type == double.class || JsonNode.class.isAssignableFrom(type)) {
            return "0.5";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true";
        }
        if (type.isEnum()) {
            return "\"" + ((Enum<?>) type.getEnumConstants()[0]).name() + "\"";
        }
        return "null";
    }

    /** One to three mutations, each on the envelope or on one of the records inside it. */
    FuzzBody mutated(Random random) {
        FuzzBody copy = copy();
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            copy.objects().get(random.nextInt(copy.objects().size())).mutate(random);
        }
        return copy;
    }

    /** The same body with one string member to be sent as bytes that are not UTF-8. */
    FuzzBody withBrokenString(Random random) {
        FuzzBody copy = copy();
        List<FuzzBody> objects = copy.objects();
        FuzzBody target = objects.get(random.nextInt(objects.size()));
        if (target.members.isEmpty()) {
            target.members.add(new Member("fuzz", null, null));
        }
        Member member = target.members.get(random.nextInt(target.members.size()));
        member.json = "\"" + BROKEN + "\"";
        member.objects = null;
        return copy;
    }

    private void mutate(Random random) {
        if (members.isEmpty()) {
            members.add(new Member(FuzzValues.pick(random, FuzzValues.UNKNOWN_NAMES), FuzzValues.anyValue(random), null));
            return;
        }
        Member member = members.get(random.nextInt(members.size()));
        switch (random.nextInt(7)) {
            case 0, 1, 2 -> replace(member, random);
            case 3 -> members.remove(member);
            case 4 -> members.add(new Member(FuzzValues.pick(random, FuzzValues.UNKNOWN_NAMES),
                    FuzzValues.anyValue(random), null));
            case 5 -> members.add(new Member(member.name, FuzzValues.anyValue(random), null));
            default -> member.json = "null";
        }
        if (member.json == null && member.objects == null) {
            member.json = "null";
        }
    }

    /** A new value; an array of records becomes something else, empty, nulls, or many copies. */
    private static void replace(Member member, Random random) {
        if (member.objects == null || random.nextBoolean()) {
            member.json = member.json == null || random.nextInt(3) == 0 ? FuzzValues.anyValue(random)
                    : FuzzValues.sameKind(random, member.json);
            member.objects = null;
            return;
        }
        FuzzBody first = member.objects.getFirst();
        member.json = switch (random.nextInt(4)) {
            case 0 -> "[]";
            case 1 -> "[null," + first.render() + "]";
            case 2 -> "[" + (first.render() + ",").repeat(1_000) + first.render() + "]";
            default -> first.render();
        };
        member.objects = null;
    }

    private List<FuzzBody> objects() {
        var all = new ArrayList<FuzzBody>();
        all.add(this);
        for (Member member : members) {
            if (member.objects != null) {
                member.objects.forEach(o -> all.addAll(o.objects()));
            }
        }
        return all;
    }

    private FuzzBody copy() {
        var copy = new FuzzBody();
        for (Member member : members) {
            copy.members.add(new Member(member.name, member.json,
                    member.objects == null ? null : new ArrayList<>(member.objects.stream().map(FuzzBody::copy).toList())));
        }
        return copy;
    }

    String render() {
        return members.stream().map(m -> "\"" + m.name + "\":" + (m.objects == null ? m.json
                        : m.objects.stream().map(FuzzBody::render).collect(Collectors.joining(",", "[", "]"))))
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** The body on the wire: UTF-8, with {@code broken} where a string was marked to be broken. */
    byte[] bytes(byte[] broken) {
        String text = render();
        var out = new ByteArrayOutputStream();
        String[] parts = text.split(BROKEN, -1);
        for (int i = 0; i < parts.length; i++) {
            out.writeBytes(parts[i].getBytes(StandardCharsets.UTF_8));
            if (i + 1 < parts.length) {
                out.writeBytes(broken);
            }
        }
        return out.toByteArray();
    }
}
