package io.odock.core.reload;

import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** SQL for {@code config_generation}: one row counting configuration reloads across instances. */
public interface GenerationMapper {
    @Update("UPDATE config_generation SET generation = generation + 1 WHERE id = 1")
    void increment();

    @Select("SELECT generation FROM config_generation WHERE id = 1")
    long current();
}
