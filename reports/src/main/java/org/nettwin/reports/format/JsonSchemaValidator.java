package org.nettwin.reports.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validator for the subset of JSON Schema (2020-12) that report.schema.json uses: {@code type} (one name or a
 * list), {@code properties}, {@code required}, {@code additionalProperties} (boolean or schema), {@code items},
 * {@code enum}, {@code minimum}, and {@code $ref} to "#/$defs/…". Annotations ({@code title}, {@code description},
 * {@code $schema}, {@code $id}, {@code $comment}) are ignored. Any other keyword is an error in the schema: a
 * validator that silently skipped it would pass documents the schema means to reject.
 */
public final class JsonSchemaValidator {
    private static final Set<String> ANNOTATIONS = Set.of("title", "description", "$schema", "$id", "$comment", "$defs");
    private static final Set<String> ASSERTIONS = Set.of("type", "properties", "required", "additionalProperties", "items", "enum", "minimum", "$ref");

    private final JsonNode root;

    public JsonSchemaValidator(JsonNode schema) {
        this.root = schema;
        checkKeywords(schema, "#");
    }

    /** Problems found, each as "JSON pointer: what is wrong"; empty when {@code document} is valid. */
    public List<String> validate(JsonNode document) {
        List<String> errors = new ArrayList<>();
        validate(root, document, "", errors);
        return errors;
    }

    private void validate(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema.has("$ref")) {
            validate(resolve(schema.get("$ref").asText()), value, path, errors);
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            errors.add(at(path) + "expected type " + schema.get("type") + " but found " + typeName(value));
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode option : schema.get("enum")) found |= option.equals(value);
            if (!found) errors.add(at(path) + "value " + value + " is not one of " + schema.get("enum"));
        }
        if (schema.has("minimum") && value.isNumber() && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
            errors.add(at(path) + "value " + value + " is below the minimum " + schema.get("minimum"));
        }
        if (value.isObject()) validateObject(schema, value, path, errors);
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) validate(schema.get("items"), value.get(i), path + "/" + i, errors);
        }
    }

    private void validateObject(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema.has("required")) {
            for (JsonNode name : schema.get("required")) {
                if (!value.has(name.asText())) errors.add(at(path) + "required property '" + name.asText() + "' is missing");
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String childPath = path + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
            if (properties.has(field.getKey())) {
                validate(properties.get(field.getKey()), field.getValue(), childPath, errors);
            } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
                errors.add(at(path) + "property '" + field.getKey() + "' is not allowed");
            } else if (additional != null && additional.isObject()) {
                validate(additional, field.getValue(), childPath, errors);
            }
        }
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) throw new IllegalArgumentException("only local $ref \"#/...\" is supported, got " + ref);
        JsonNode node = root.at(ref.substring(1));
        if (node.isMissingNode()) throw new IllegalArgumentException("$ref " + ref + " points nowhere");
        return node;
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) if (typeMatches(t, value)) return true;
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            case "number" -> value.isNumber();
            case "integer" -> value.isIntegralNumber();
            default -> throw new IllegalArgumentException("unknown JSON Schema type " + type);
        };
    }

    private static String typeName(JsonNode value) {
        if (value.isIntegralNumber()) return "integer";
        return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String at(String path) {
        return (path.isEmpty() ? "/" : path) + ": ";
    }

    /** Rejects keywords outside the supported subset, everywhere a schema can appear. */
    private static void checkKeywords(JsonNode schema, String where) {
        if (schema.isBoolean()) return;
        if (!schema.isObject()) throw new IllegalArgumentException(where + ": a schema must be an object or a boolean");
        for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!ANNOTATIONS.contains(k) && !ASSERTIONS.contains(k)) throw new IllegalArgumentException(where + ": unsupported JSON Schema keyword '" + k + "'");
        }
        for (String container : List.of("properties", "$defs")) {
            JsonNode children = schema.path(container);
            for (Iterator<Map.Entry<String, JsonNode>> it = children.fields(); it.hasNext(); ) {
                var e = it.next();
                checkKeywords(e.getValue(), where + "/" + container + "/" + e.getKey());
            }
        }
        if (schema.has("items")) checkKeywords(schema.get("items"), where + "/items");
        if (schema.has("additionalProperties") && schema.get("additionalProperties").isObject())
            checkKeywords(schema.get("additionalProperties"), where + "/additionalProperties");
    }
}
